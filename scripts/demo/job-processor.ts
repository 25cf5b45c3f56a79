import type { Narrator } from './narrator.ts';
export async function jobProcessorDemo(say: Narrator): Promise<void> { say.line('todo'); }
