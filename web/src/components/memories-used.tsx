import { Link } from 'wouter';
import type { UsedMemory } from '../api/memory.ts';

/**
 * "Used 2 memories": what chat-svc recalled about the person (and their organization) for this
 * answer, so nothing shapes an answer unseen; each can be changed or deleted in Settings.
 */
export function MemoriesUsed({ memories }: { memories: UsedMemory[] }) {
  if (memories.length === 0) return null;
  return (
    <details className="memories-used">
      <summary>
        Used {memories.length} {memories.length === 1 ? 'memory' : 'memories'}
      </summary>
      <ul>
        {memories.map((memory) => (
          <li key={memory.id}>
            {memory.text}
            {memory.scope === 'org' ? <span className="badge">organization</span> : null}
          </li>
        ))}
      </ul>
      <Link href="/settings#memory">Manage memories in Settings → Memory</Link>
    </details>
  );
}
