// Periodic work (DESIGN §6): the scheduler port, its BullMQ and in-memory
// implementations, the fan-out, and the process role that runs them.
export { BullmqScheduler, PERIODIC_QUEUE, onBoundary, scheduledAt } from './bullmq-scheduler.ts';
export { DEFAULT_PAGE_SIZE, fanOut, fanOutMessageId, unflushedActors } from './fan-out.ts';
export { MemoryScheduler } from './memory-scheduler.ts';
export { PeriodicWork, type JobStatus, type PeriodicWorkOptions } from './periodic-work.ts';
export { schedulerRole, type SchedulerRoleOptions } from './role.ts';
export {
  checkSchedules,
  nextBoundary,
  type FeedEvent,
  type FeedReaction,
  type OutgoingEvent,
  type ReactionPlan,
  type Schedule,
  type ScheduledJob,
  type Scheduler,
  type ScheduleStatus,
  type Target,
  type TickHandler,
} from './schedule.ts';
