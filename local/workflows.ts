// The state machines the local Step Functions endpoint runs: the same ASL files as the CDK app, with local ARNs.
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { loadDefinition } from '../workflows/load.js';
import { localFunctionArn } from './functions.js';

export interface LocalStateMachine {
  /** Logical id: the key in endpoints.json `stateMachines`, and the suffix of the state machine's name. */
  id: string;
  envVar: 'REFERRAL_STATE_MACHINE_ARN' | 'SURGE_STATE_MACHINE_ARN';
  load: () => StateMachineDefinition;
}

export const STATE_MACHINES: readonly LocalStateMachine[] = [
  {
    id: 'referral',
    envVar: 'REFERRAL_STATE_MACHINE_ARN',
    load: () =>
      loadDefinition(new URL('../workflows/referral.asl.json', import.meta.url), {
        ReferralTaskFunctionArn: localFunctionArn('referral-tasks'),
      }),
  },
  {
    id: 'surge',
    envVar: 'SURGE_STATE_MACHINE_ARN',
    load: () =>
      loadDefinition(new URL('../workflows/surge.asl.json', import.meta.url), {
        SurgeTaskFunctionArn: localFunctionArn('surge-tasks'),
      }),
  },
];
