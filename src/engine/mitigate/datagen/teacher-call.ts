import { generateText } from 'ai';
import type { ResolvedModel } from '../../../providers/provider-registry.js';
import { describeError } from '../../runner/describe-error.js';
import { ModelTimeoutError, withRetry, type RetryPolicy } from '../../runner/retry.js';
import type { TeacherRequest } from './generators.js';

/** The teacher's answer, or the failure that stopped it (after retries). */
export type TeacherAnswer = { ok: true; text: string } | { ok: false; error: string };

/**
 * One teacher call with the runner's retry policy (429 with retry-after, 5xx, timeouts) and a per-call
 * timeout. A failure is returned, never thrown, so the caller stores it as an error and never as an
 * example; the message is scrubbed of the teacher's key.
 */
export async function askTeacher(teacher: ResolvedModel, request: TeacherRequest, options: { retry: RetryPolicy; timeoutMs: number; signal?: AbortSignal | undefined }): Promise<TeacherAnswer> {
  try {
    const text = await withRetry(
      async () => {
        const timeout = AbortSignal.timeout(options.timeoutMs);
        const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
        try {
          const result = await generateText({
            model: teacher.model,
            system: request.teacherSystem,
            prompt: request.teacherPrompt,
            maxRetries: 0,
            abortSignal: signal,
            ...(teacher.temperature === undefined ? {} : { temperature: teacher.temperature }),
            ...(teacher.maxOutputTokens === undefined ? {} : { maxOutputTokens: teacher.maxOutputTokens }),
            ...(teacher.providerOptions ? { providerOptions: teacher.providerOptions } : {}),
          });
          return result.text;
        } catch (error) {
          if (timeout.aborted && !options.signal?.aborted) throw new ModelTimeoutError(`no answer from ${teacher.id} within ${options.timeoutMs} ms`);
          throw error;
        }
      },
      options.retry,
      options.signal,
    );
    return { ok: true, text };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const described = describeError(error, teacher.secrets);
    return { ok: false, error: `${described.kind}: ${described.message}` };
  }
}
