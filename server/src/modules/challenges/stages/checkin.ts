import { EngineErrorCode } from '@advocate-hub/shared';
import { createError } from '../../../platform/errors.js';
import { defineStage } from './handler.js';

const wrongCode = createError({
  code: EngineErrorCode.wrongCheckinCode,
  status: 422,
  message: 'That check-in code is not right',
});

/** Event check-in: the code given at the event, compared without case; the code is never shown or stored. */
export const checkin = defineStage('checkin', {
  grade({ config, response }) {
    if (response.code.trim().toUpperCase() !== config.code.trim().toUpperCase()) throw wrongCode();
    return { response: {}, score: null, passed: true, feedback: null };
  },
  publicConfig({ code: _code, ...rest }) {
    return rest;
  },
});
