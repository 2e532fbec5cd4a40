/** Program: the program's name, branding and point value. Public entry of the feature. */
export { routes as programRoutes } from './routes';
export { useProgramStore } from './store';
export { AppPreset } from './lib/theme';
export { pointValueDigits } from './lib/pointValue';
