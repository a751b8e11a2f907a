export { defineHandOn, type HandOn, type HandOnSpec } from "./hand-on.ts";
export {
  defineLease,
  type Held,
  type Lease,
  type LeaseSpec,
  type LeaseState,
  type WriteOptions,
} from "./lease.ts";
export { failAbandoned, runTurn, type TurnOutcome } from "./worker.ts";
