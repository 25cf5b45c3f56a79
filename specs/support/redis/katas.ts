/** The katas whose specs need a Redis: they run in their own vitest project (see vitest.config.ts). */
export const redisKatas = ['distributed-rate-limiter', 'durable-job-queue'] as const;
