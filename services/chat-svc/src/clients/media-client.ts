import { createServiceClient } from '@perplexica/http';

/** Images and videos for a question, as media-svc normalises them (its README has the fields). */
export interface AnswerMedia {
  images: unknown[];
  videos: unknown[];
}

export interface MediaClient {
  forQuestion(question: string): Promise<AnswerMedia>;
}

/** media-svc's internal route (cached pages, safe search on). */
export function createMediaClient(config: {
  baseUrl: string;
  serviceToken: string;
  timeoutMs: number;
}): MediaClient {
  const client = createServiceClient({
    service: 'media-svc',
    baseUrl: config.baseUrl,
    serviceToken: config.serviceToken,
    timeoutMs: config.timeoutMs,
  });
  return {
    forQuestion: (question) =>
      client.call<AnswerMedia>('/internal/v1/answer-media', {
        method: 'POST',
        body: { query: question, images: 6, videos: 3 },
        authorization: '',
      }),
  };
}
