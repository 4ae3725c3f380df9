const OPEN = '<think>';
const CLOSE = '</think>';

export interface ThinkSplit {
  answer: string;
  reasoning: string;
}

/** How much of `text`'s end could be the start of `tag`, so it is held back until the next chunk. */
function partialTagLength(text: string, tag: string): number {
  for (let length = Math.min(tag.length - 1, text.length); length > 0; length--) {
    if (tag.startsWith(text.slice(text.length - length))) return length;
  }
  return 0;
}

/**
 * Separates reasoning models' <think>...</think> blocks from the answer as chunks stream in; a tag
 * may be split across chunks, so a possible partial tag at the end of a chunk waits for the next.
 */
export function createThinkFilter() {
  let inside = false;
  let pending = '';
  return {
    push(chunk: string): ThinkSplit {
      let text = pending + chunk;
      pending = '';
      const out: ThinkSplit = { answer: '', reasoning: '' };
      // Each pass consumes at least one tag or ends; the text only shrinks.
      while (text.length > 0) {
        const tag = inside ? CLOSE : OPEN;
        const at = text.indexOf(tag);
        if (at === -1) {
          const hold = partialTagLength(text, tag);
          const emit = text.slice(0, text.length - hold);
          pending = text.slice(text.length - hold);
          if (inside) out.reasoning += emit;
          else out.answer += emit;
          break;
        }
        if (inside) out.reasoning += text.slice(0, at);
        else out.answer += text.slice(0, at);
        inside = !inside;
        text = text.slice(at + tag.length);
      }
      return out;
    },
    /** What is still held back when the stream ends (an unfinished tag is just text). */
    flush(): ThinkSplit {
      const rest = pending;
      pending = '';
      return inside ? { answer: '', reasoning: rest } : { answer: rest, reasoning: '' };
    },
  };
}
