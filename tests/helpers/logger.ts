import { createLogger } from '../../src/observability/logger.js';

/**
 * The logger of the tests' apps: the errors tests provoke on purpose are asserted on, and yoga's
 * default logger would print each one with its stack. Tests about logging pass their own.
 */
export const quietLogger = createLogger({ level: 'silent' });
