export { buildServer, type BuildOptions } from "./server";
export {
  loadConfig,
  defaultPython,
  type ExecutorConfig,
  type WorkerLimits,
  type S3Config,
} from "./config/config";
export {
  generateSalesRows,
  salesCsv,
  SALES_COLUMNS,
  SALES_CATEGORIES,
  SALES_ROW_COUNT,
  type SalesRow,
} from "./data/sales";
export type { HelperRequest, HelperResult } from "./helpers/run-helper";
