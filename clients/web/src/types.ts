// Hand-written TypeScript for the parts of glassbox.v1 the dashboard calls, in
// protobuf's JSON mapping (lowerCamelCase; fields at their default value are
// absent; int64 as strings; enums by name). They follow proto/glassbox/v1/;
// Insight.payload (a google.protobuf.Any) stays untyped: the dashboard renders
// the typed presentation blocks only, so a custom plugin's insight shows too.

export type RunState = 'RUN_STATE_UNSPECIFIED' | 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'INTERRUPTED';
export type AnalysisState =
  | 'ANALYSIS_STATE_UNSPECIFIED' | 'PENDING' | 'ANALYSIS_RUNNING' | 'ANALYSIS_SUCCEEDED' | 'ANALYSIS_FAILED'
  | 'ANALYSIS_CANCELLED';
export type VerdictFilter = 'VERDICT_FILTER_UNSPECIFIED' | 'TARGETS_MET' | 'TARGETS_NOT_MET' | 'NO_TARGETS';
export type Timestamp = string;  // RFC 3339

export interface Cohort { name?: string; filter?: string }
export interface AnalysisSpec { analyzer?: string; params?: Record<string, unknown> }
export interface RunSpec {
  datasetId?: string;
  targetColumn?: string;
  task?: string;
  predictions?: { predictionColumn?: string; probabilityColumns?: string[] };
  model?: { name?: string; version?: string };
  positiveClass?: string;
  analyses?: AnalysisSpec[];
  cohorts?: Cohort[];
  displayName?: string;
  scorecardConfig?: string;
}
export interface AnalysisStatus {
  analyzer?: string;
  analyzerVersion?: string;
  state?: AnalysisState;
  error?: string;
  insightId?: string;
  progress?: number;
}
export interface Run {
  id: string;
  spec?: RunSpec;
  state?: RunState;
  error?: string;
  analyses?: AnalysisStatus[];
  createTime?: Timestamp;
  startTime?: Timestamp;
  endTime?: Timestamp;
  creator?: string;
  scorecardId?: string;
  project?: string;
}
export interface ListRunsRequest {
  pageSize?: number;
  pageToken?: string;
  datasetId?: string;
  state?: RunState;
  modelName?: string;
  modelVersion?: string;
  creator?: string;
  since?: Timestamp;
  until?: Timestamp;
  verdict?: VerdictFilter;
  project?: string;
}
export interface ListRunsResponse { runs?: Run[]; nextPageToken?: string }
export interface RunEvent {
  runId?: string;
  state?: RunState;
  progress?: number;
  analysisIndex?: number;
  analyzer?: string;
  analysisState?: AnalysisState;
  message?: string;
  time?: Timestamp;
}

export type Comparison = 'COMPARISON_UNSPECIFIED' | 'LESS' | 'LESS_OR_EQUAL' | 'GREATER' | 'GREATER_OR_EQUAL' | 'EQUAL';
export type Verdict = 'VERDICT_UNSPECIFIED' | 'PASS' | 'FAIL';
export type Aggregate =
  | 'AGGREGATE_UNSPECIFIED' | 'AGGREGATE_VALUE' | 'AGGREGATE_DIFFERENCE' | 'AGGREGATE_RATIO' | 'AGGREGATE_MINIMUM'
  | 'AGGREGATE_MAXIMUM' | 'AGGREGATE_MEAN';
export type Direction = 'DIRECTION_UNSPECIFIED' | 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';
export interface MetricBlock {
  name?: string;
  value?: number;
  target?: { comparison?: Comparison; value?: number };
  verdict?: Verdict;
  cohort?: string;
  displayName?: string;
  feature?: string;
  group?: string;
  aggregate?: Aggregate;
  measure?: string;
  unit?: string;
  direction?: Direction;
}
// A cell holds text or a number; JSON writes NaN and infinities as strings.
export interface Cell { text?: string; number?: number | 'NaN' | 'Infinity' | '-Infinity' }
export interface TableBlock {
  columns?: string[];
  rows?: { cells?: Cell[] }[];
  role?: string;
  columnRoles?: string[];
  feature?: string;
}
export interface ChartBlock {
  kind?: 'CHART_KIND_UNSPECIFIED' | 'BAR' | 'LINE';
  categories?: string[];
  series?: { name?: string; values?: (number | string)[] }[];
  xLabel?: string;
  yLabel?: string;
  feature?: string;
  role?: string;
}
export interface Block {
  title?: string;
  metric?: MetricBlock;
  table?: TableBlock;
  chart?: ChartBlock;
  text?: { text?: string };
}
export interface Insight {
  id: string;
  runId?: string;
  analyzer?: string;
  analyzerVersion?: string;
  payload?: unknown;
  blocks?: Block[];
  createTime?: Timestamp;
  pluginSha256?: string;
}
export interface ListInsightsResponse { insights?: Insight[]; nextPageToken?: string }

export interface Lineage {
  resource?: string;
  run?: Run;
  dataset?: { id?: string; displayName?: string; sha256?: string; sizeBytes?: string; rowCount?: string };
  model?: { name?: string; version?: string; format?: string; sha256?: string };
  analyzers?: { analyzer?: string; version?: string; pluginSha256?: string; insightId?: string; state?: AnalysisState }[];
  daemonVersion?: string;
  creator?: string;
  createTime?: Timestamp;
  relatedRunIds?: string[];
  scorecard?: Scorecard;
  scorecardConfigSha256?: string;
}

export interface Scorecard {
  id: string;
  runId?: string;
  configJson?: string;
  sha256?: string;
  sizeBytes?: string;
  createTime?: Timestamp;
  creator?: string;
  verdict?: Verdict;
  targetCount?: number;
  targetsMet?: number;
  pageCount?: number;
  modelName?: string;
  modelVersion?: string;
  project?: string;
}
// GetScorecard's stream: the scorecard first, then the PDF's bytes (base64 in JSON) in chunks.
export interface ScorecardChunk { scorecard?: Scorecard; data?: string }
export interface ListScorecardsResponse { scorecards?: Scorecard[]; nextPageToken?: string }

export interface AuditEvent {
  sequence?: string;
  time?: Timestamp;
  principal?: string;
  role?: string;
  action?: string;
  resource?: string;
  outcome?: string;
  requestId?: string;
  detail?: string;
  previousHash?: string;
  hash?: string;
  project?: string;
}
export interface ListAuditEventsRequest {
  pageSize?: number;
  pageToken?: string;
  principal?: string;
  action?: string;
  resourcePrefix?: string;
  since?: Timestamp;
  until?: Timestamp;
  project?: string;
}
export interface ListAuditEventsResponse { events?: AuditEvent[]; nextPageToken?: string }
export interface VerifyAuditLogResponse {
  intact?: boolean;
  entriesChecked?: string;
  firstBrokenSequence?: string;
  reason?: string;
  headHash?: string;
}

export type Change = 'CHANGE_UNSPECIFIED' | 'UNCHANGED' | 'IMPROVED' | 'WORSENED' | 'CHANGED';
export interface MetricComparison {
  analyzer?: string;
  name?: string;
  displayName?: string;
  cohort?: string;
  feature?: string;
  aggregate?: Aggregate;
  direction?: Direction;
  value?: number | string;
  otherValue?: number | string;
  delta?: number | string;
  change?: Change;
}
export interface FeatureComparison {
  analyzer?: string;
  feature?: string;
  importance?: number;
  otherImportance?: number;
  rank?: number;
  otherRank?: number;
}
export interface CompareRunsResponse {
  run?: Run;
  otherRun?: Run;
  metrics?: MetricComparison[];
  features?: FeatureComparison[];
  onlyInRun?: string[];
  onlyInOtherRun?: string[];
}

// The error_analysis insight's payload (glassbox.v1.analyses.ErrorAnalysis), read when its "@type" names it.
export const ERROR_ANALYSIS_TYPE = 'type.googleapis.com/glassbox.v1.analyses.ErrorAnalysis';
export interface ErrorTreeNode {
  id?: number;
  parentId?: number;
  depth?: number;
  filter?: string;
  condition?: string;
  size?: string;
  error?: number;
  errorRate?: number | string;
  errorCoverage?: number | string;
  splitFeature?: string;
  leftChild?: number;
  rightChild?: number;
  splitGain?: number;
}
export interface HeatMapCell { row?: number; column?: number; count?: string; error?: number; errorRate?: number | string; filter?: string }
export interface HeatMap { features?: string[]; binning?: string; rowLabels?: string[]; columnLabels?: string[]; cells?: HeatMapCell[] }
export interface ErrorAnalysis {
  '@type': typeof ERROR_ANALYSIS_TYPE;
  cohort?: string;
  metric?: string;
  numRows?: string;
  totalError?: number;
  features?: string[];
  nodes?: ErrorTreeNode[];
  leavesByErrorRate?: number[];
  heatMap?: HeatMap;
}
