// Used by other contexts.
export { MemberDataRegistry } from './member-data-participant';
export type { MemberDataParticipant } from './member-data-participant';
