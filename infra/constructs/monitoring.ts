// What the operators watch: an alarm on every function, state machine, the API and the ingest queue, all to the
// operator-alert topic, and one dashboard with them beside the ingest's throughput and receipt outcomes.
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { OutboundFunction } from './outbound-function.js';

export interface MonitoringProps {
  alerts: ITopic;
  functions: Record<string, OutboundFunction>;
  stateMachines: Record<string, StateMachine>;
  api: HttpApi;
  ingestQueue: Queue;
  ingest: OutboundFunction;
}

const FIVE_MINUTES = Duration.minutes(5);
/** The ingest's log line for each upload it answered (functions/ingest/handler.ts), and its receipt's counts. */
const UPLOAD_PROCESSED = 'upload processed';
const RECEIPT_COUNTS = ['received', 'accepted', 'duplicates', 'conflicts', 'rejected'] as const;
export const METRIC_NAMESPACE = 'Outbound';
/** An upload waiting this long for its receipt is stuck (a failed receive is retried after 30 minutes). */
export const OLDEST_UPLOAD_ALARM_SECONDS = 3600;
/** The API's 5xx answers as a percentage of its requests over five minutes. */
export const API_5XX_RATE_ALARM_PERCENT = 1;

export class Monitoring extends Construct {
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const alarm = (name: string, description: string, metric: IMetric, threshold = 1) => {
      const created = new Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new SnsAction(props.alerts));
      this.alarms.push(created);
      return created;
    };

    const functionRows: GraphWidget[] = [];
    for (const [name, fn] of Object.entries(props.functions)) {
      const errors = fn.fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' });
      const throttles = fn.fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' });
      alarm(`${name}Errors`, `The ${name} function failed at least once in five minutes.`, errors);
      alarm(`${name}Throttles`, `The ${name} function was throttled at least once in five minutes.`, throttles);
      functionRows.push(
        new GraphWidget({ title: `${name}: errors and throttles`, left: [errors, throttles], width: 8 }),
      );
    }

    const machineRows: GraphWidget[] = [];
    for (const [name, machine] of Object.entries(props.stateMachines)) {
      const failed = machine.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum' });
      const timedOut = machine.metricTimedOut({ period: FIVE_MINUTES, statistic: 'Sum' });
      alarm(`${name}ExecutionsFailed`, `A ${name} workflow execution failed.`, failed);
      alarm(`${name}ExecutionsTimedOut`, `A ${name} workflow execution timed out.`, timedOut);
      machineRows.push(new GraphWidget({ title: `${name} workflow: failed and timed out`, left: [failed, timedOut] }));
    }

    const apiErrorRate = new MathExpression({
      label: 'API 5xx (% of requests)',
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: {
        errors: props.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
        requests: props.api.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' }),
      },
      period: FIVE_MINUTES,
    });
    const apiAlarm = alarm(
      'Api5xxRate',
      `At least ${API_5XX_RATE_ALARM_PERCENT}% of the API's answers in five minutes were server errors.`,
      apiErrorRate,
      API_5XX_RATE_ALARM_PERCENT,
    );

    const oldest = props.ingestQueue.metricApproximateAgeOfOldestMessage({
      period: FIVE_MINUTES,
      statistic: 'Maximum',
    });
    const queueAlarm = alarm(
      'IngestQueueOldestMessage',
      `An upload has waited over ${OLDEST_UPLOAD_ALARM_SECONDS / 60} minutes in the ingest queue for its receipt.`,
      oldest,
      OLDEST_UPLOAD_ALARM_SECONDS,
    );

    // receipt outcomes from the ingest's own log line: one metric per count on the receipt, and uploads by status
    const receiptMetric = (field: string) => {
      new MetricFilter(this, `Receipt-${field}`, {
        logGroup: props.ingest.logGroup,
        metricNamespace: METRIC_NAMESPACE,
        metricName: `Receipt${field.charAt(0).toUpperCase()}${field.slice(1)}`,
        filterPattern: FilterPattern.stringValue('$.message', '=', UPLOAD_PROCESSED),
        metricValue: `$.${field}`,
        defaultValue: 0,
      });
      return new Metric({
        namespace: METRIC_NAMESPACE,
        metricName: `Receipt${field.charAt(0).toUpperCase()}${field.slice(1)}`,
        period: FIVE_MINUTES,
        statistic: 'Sum',
        label: field,
      });
    };
    const receiptCounts = RECEIPT_COUNTS.map(receiptMetric);
    new MetricFilter(this, 'UploadsAnswered', {
      logGroup: props.ingest.logGroup,
      metricNamespace: METRIC_NAMESPACE,
      metricName: 'UploadsAnswered',
      filterPattern: FilterPattern.stringValue('$.message', '=', UPLOAD_PROCESSED),
      metricValue: '1',
      defaultValue: 0,
    });
    const uploadsAnswered = new Metric({
      namespace: METRIC_NAMESPACE,
      metricName: 'UploadsAnswered',
      period: FIVE_MINUTES,
      statistic: 'Sum',
      label: 'uploads answered with a receipt',
    });

    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.days(1) });
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Ingest throughput: uploads in and answered',
        left: [
          props.ingestQueue.metricNumberOfMessagesSent({ period: FIVE_MINUTES, statistic: 'Sum', label: 'queued' }),
          uploadsAnswered,
        ],
        width: 12,
      }),
      new GraphWidget({ title: 'Receipt outcomes (lines)', left: receiptCounts, width: 12 }),
    );
    this.dashboard.addWidgets(
      new AlarmWidget({ title: 'API 5xx rate', alarm: apiAlarm, width: 12 }),
      new AlarmWidget({ title: 'Oldest upload waiting in the ingest queue', alarm: queueAlarm, width: 12 }),
    );
    this.dashboard.addWidgets(...functionRows);
    this.dashboard.addWidgets(...machineRows);
  }
}
