import type { Focus, Mode } from './request.ts';

const focusHints: Record<Focus, string> = {
  web: 'Sources are web pages.',
  academic: 'Sources are scholarly papers; prefer findings, methods and their limits.',
  video: 'Sources are videos; cite the video for what it shows or says.',
  social: 'Sources are discussions; separate opinions and experiences from facts.',
  writing: 'There are no sources: help with the writing task directly, without citations.',
  patents: 'Sources are patents; name patent numbers, assignees and claims where they matter.',
  local: "Sources are the user's own documents.",
};

const modeHints: Record<Mode, string> = {
  speed: 'Be brief: a few sentences.',
  balanced: 'Be thorough but concise: short paragraphs, lists where they help.',
  quality:
    'Write a complete, well-structured answer with headings where useful, covering every angle the sources support.',
  learn:
    'Act as a patient tutor: explain step by step, building from basics, use a small example, and end with one short question that checks the user understood.',
};

/** The system prompt of the answer call; the numbered sources follow in the user message. */
export function answerSystemPrompt(input: {
  mode: Mode;
  focus: Focus;
  language: string | null;
  sourceCount: number;
  searchUnavailable: boolean;
}): string {
  const lines = [
    'You are Perplexica, an answer engine. Answer the question using the numbered sources given.',
    focusHints[input.focus],
    modeHints[input.mode],
  ];
  if (input.sourceCount > 0) {
    lines.push(
      `Cite sources inline as [n] right after the sentence they support, only with numbers 1 to ${input.sourceCount}. Do not invent sources or URLs. If the sources do not answer the question, say so.`,
    );
  } else if (input.searchUnavailable) {
    lines.push(
      'Web sources were unavailable for this answer: say so briefly, answer from general knowledge, and cite nothing.',
    );
  }
  lines.push(input.language ? `Answer in ${input.language}.` : 'Answer in the language of the question.');
  return lines.join('\n');
}

export function answerUserPrompt(question: string, sourcesText: string): string {
  return sourcesText ? `Sources:\n${sourcesText}\n\nQuestion: ${question}` : `Question: ${question}`;
}
