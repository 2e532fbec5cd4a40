import type { ChildProcess, SpawnOptions } from 'node:child_process';
export const root: string;
export const hubArgs: string[];
export function run(cmd: string, args: string[], opts?: SpawnOptions): Promise<number>;
export function freePort(): Promise<number>;
export function findChromium(opts?: { install?: boolean }): string;
export function waitForHealth(url: string, timeoutMs: number, child?: ChildProcess): Promise<void>;
