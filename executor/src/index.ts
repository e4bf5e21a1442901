export { buildServer, type BuildOptions } from "./server";
export { loadConfig, defaultPython, type ExecutorConfig, type WorkerLimits, type S3Config } from "./config";
export {
  generateSalesRows,
  salesCsv,
  SALES_COLUMNS,
  SALES_CATEGORIES,
  SALES_ROW_COUNT,
  type SalesRow,
} from "./data/sales";
export type { ExecuteResponse, ExecuteRequest } from "./sessions/session";
