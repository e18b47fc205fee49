// Errors services throw on purpose, which actions and API handlers turn into clear messages.
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserFacingError";
  }
}

/** Someone else changed the record since it was read (optimistic locking). */
export class ConflictError extends UserFacingError {
  constructor(message = "Someone else changed this record since you opened it; reload to see their change.") {
    super(message);
    this.name = "ConflictError";
  }
}

export class NotFoundError extends UserFacingError {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = "NotFoundError";
  }
}
