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
}

export class StatementBudgetExceeded extends Error {
  constructor(readonly limit: number) {
    super(`More than ${limit} SQL statements in one request`);
    this.name = 'StatementBudgetExceeded';
  }
}

const current = new AsyncLocalStorage<StatementBudget>();

export function createStatementBudget(limit: number): StatementBudget {
  return { limit, used: 0, exceeded: false };
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
