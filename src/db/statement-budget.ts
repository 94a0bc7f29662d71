import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * A request's share of the pool, counted in SQL statements. One query can reach thousands of
 * statements within the cost limit (a connection under each of a hundred entities); without a
 * budget they queue ahead of every other client's.
 */
export interface StatementBudget {
  readonly limit: number;
  used: number;
  /** A statement was refused: the request ran out. */
  exceeded: boolean;
  /**
   * Pool connections the request may hold at once. Thirty aliases of a list each load their page
   * on a connection of their own otherwise, and ten such requests hold the whole pool while
   * everyone else's wait times out (DATABASE_UNAVAILABLE); beyond this they queue within the request.
   */
  readonly concurrency: number;
  held: number;
  readonly waiting: (() => void)[];
}

export class StatementBudgetExceeded extends Error {
  constructor(readonly limit: number) {
    super(`More than ${limit} SQL statements in one request`);
    this.name = 'StatementBudgetExceeded';
  }
}

const current = new AsyncLocalStorage<StatementBudget>();

export function createStatementBudget(limit: number, concurrency: number = Number.POSITIVE_INFINITY): StatementBudget {
  return { limit, used: 0, exceeded: false, concurrency: Math.max(1, concurrency), held: 0, waiting: [] };
}

/** Runs `work` with every statement it sends (through database.ts's pool) charged to `budget`. */
export function runWithStatementBudget<T>(budget: StatementBudget, work: () => T): T {
  return current.run(budget, work);
}

/** Charges one statement to the running request's budget; the error when it is spent. */
export function chargeStatement(): StatementBudgetExceeded | undefined {
  const budget = current.getStore();
  if (!budget) return undefined;
  if (budget.used >= budget.limit) {
    budget.exceeded = true;
    return new StatementBudgetExceeded(budget.limit);
  }
  budget.used += 1;
  return undefined;
}

/**
 * Takes a slot for another pool connection of the running request (database.ts asks before each
 * checkout): the function that gives it back, at once when the request holds fewer than its
 * share (no promise to wait a turn for: the common case), or a promise of it when the request must
 * wait for one of its connections. Undefined outside a request with a budget (mutations, the
 * scheduler, imports: a write's transaction holds one connection and runs its statements one
 * after another).
 */
export function acquireConnectionSlot(): (() => void) | Promise<() => void> | undefined {
  const budget = current.getStore();
  if (!budget || !Number.isFinite(budget.concurrency)) return undefined;
  const release = releaser(budget);
  if (budget.held < budget.concurrency) {
    budget.held += 1;
    return release;
  }
  // The slot passes straight to the next waiter: `held` stays as it is.
  return new Promise((resolve) => budget.waiting.push(() => resolve(release)));
}

/**
 * The function that gives a slot back, once. Returned unnamed: under tsx (esbuild's keepNames) a
 * closure bound to a name gets a defineProperty of its name each time one is made, once per statement here.
 */
function releaser(budget: StatementBudget): () => void {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const next = budget.waiting.shift();
    if (next) next();
    else budget.held -= 1;
  };
}
