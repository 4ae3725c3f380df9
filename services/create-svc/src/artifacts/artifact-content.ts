import type { ChartSpec } from '../dashboards/chart-spec.ts';
import type { Column, Row } from '../tables/table-shape.ts';

/** `content` of a table artifact. */
export interface TableContent {
  columns: Column[];
  rows: Row[];
}

/** `content` of a dashboard: the spec and a snapshot of its data, so it renders on its own. */
export interface DashboardContent {
  version: number;
  charts: ChartSpec[];
  columns: Column[];
  rows: Row[];
}

/** `content` of an image: what was asked and what the provider said it drew. */
export interface ImageContent {
  prompt: string;
  size: string;
  model: string;
  revisedPrompt: string | null;
}
