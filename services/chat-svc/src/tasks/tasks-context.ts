import type { SpaceAccessClient } from '@perplexica/service-clients';
import type { ChatConfig } from '../config.ts';
import type { TaskScheduler } from './task-queue.ts';
import type { TaskRepository } from './task-repository.ts';

/** What the /api/v1/tasks routes need: the task rows, the queue's clock, and space access checks. */
export interface TasksContext {
  config: ChatConfig;
  tasks: TaskRepository;
  scheduler: TaskScheduler;
  spaces: SpaceAccessClient;
}
