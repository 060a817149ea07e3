/** An incident that is an alert storm (see src/store/schema/storms.ts). */
export interface Storm {
  incidentId: number;
  startedAt: string;
  lastJoinedAt: string;
  rolledUpAt: string;
  maxWarRooms: number;
  windowMinutes: number;
  joined: number;
}

/** An alert that would have opened a war room of its own, and what happened instead. */
export interface WarRoomDemand {
  id: number;
  alertId: number;
  incidentId: number;
  outcome: 'opened' | 'stormed' | 'exempt' | 'grouped';
  at: string;
  /** False while a storm join waits for the next rolled-up timeline entry. */
  recorded: boolean;
}
