import type { RecalledMemory } from '../clients/memory-client.ts';
import type { Focus, Mode } from './request.ts';

const focusHints: Record<Focus, string> = {
  web: 'Sources are web pages.',
  academic: 'Sources are scholarly papers; prefer findings, methods and their limits.',
  video: 'Sources are videos; cite the video for what it shows or says.',
  social: 'Sources are discussions; separate opinions and experiences from facts.',
  writing: 'There are no sources: help with the writing task directly, without citations.',
  patents: 'Sources are patents; name patent numbers, assignees and claims where they matter.',
  local: "Sources are the user's own documents.",
  files: "Sources are passages of the user's own files; cite them like any other source.",
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
  /** The space asked in: its owner's instructions shape the answer. */
  space?: { name: string; instructions: string } | null;
  /** What AI memory recalled about the user (and their organization) for this question. */
  memories?: RecalledMemory[];
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
  if (input.memories?.length) {
    lines.push(
      'What you know about the user and their organization from earlier conversations. Use it where it bears on the question (units, preferences, context); do not cite it as a source:',
      ...input.memories.map((memory) => `- ${memory.text}`),
    );
  }
  if (input.space?.instructions.trim()) {
    lines.push(
      `This question is asked in the space "${input.space.name}". Its owner's instructions (follow them unless they conflict with the rules above):`,
      input.space.instructions.trim(),
    );
  }
  return lines.join('\n');
}

export function answerUserPrompt(question: string, sourcesText: string): string {
  return sourcesText ? `Sources:\n${sourcesText}\n\nQuestion: ${question}` : `Question: ${question}`;
}
