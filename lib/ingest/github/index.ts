// Public entry of the GH Archive parser.
export { parseGhArchive, ghArchiveEventSchema } from "./parse-gh-archive";
export {
  mapGhEvent,
  ghIdentityRef,
  isGhBot,
  LOW_WEIGHT_TYPES,
  type GhArchiveEvent,
  type MappedGhEvent,
} from "./map-event";
