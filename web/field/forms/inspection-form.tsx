// The inspection: every field of the record, findings added one by one ("Add finding").
import { DISPOSITIONS, MODES, TECHNIQUES } from '../../../functions/domain/records/kinds.js';
import { Checkbox, CheckboxGroup, SelectField, TextField } from '../../shared/fields.js';
import { CaptureForm, type CaptureFormProps } from './capture-form.js';
import { emptyFinding, FINDING_TYPES, type FindingValues } from './kinds.js';
import type { FieldErrors } from './validation.js';
import { optionsOf } from './words.js';

const FIELDS = [
  'startedAt',
  'endedAt',
  'crossing',
  'mode',
  'techniques',
  'travelers',
  'surgeId',
  'findings',
  'disposition',
  'staffMinutes',
];

function FindingFields(props: {
  index: number;
  finding: FindingValues;
  errors: FieldErrors;
  change: (finding: FindingValues) => void;
  remove: () => void;
}) {
  const { index, finding, errors } = props;
  const id = (name: string) => `finding-${index}-${name}`;
  const path = (name: string) => `findings.${index}.${name}`;
  const set = (field: keyof FindingValues) => (value: string | boolean) => props.change({ ...finding, [field]: value });
  const number = (name: 'count' | 'rounds' | 'kg' | 'amountUsd', label: string, step = '1') => (
    <TextField
      id={id(name)}
      path={path(name)}
      label={label}
      type="number"
      step={step}
      min="0"
      value={finding[name]}
      onInput={set(name)}
      errors={errors}
    />
  );
  return (
    <fieldset class="finding">
      <legend>Finding {index + 1}</legend>
      <SelectField
        id={id('type')}
        path={path('type')}
        label="Type"
        value={finding.type}
        onChange={(type) => props.change({ ...emptyFinding(type), ...keep(finding, type) })}
        options={FINDING_TYPES}
        errors={errors}
      />
      {finding.type === 'currency' ? (
        <>
          {number('amountUsd', 'Amount (USD)', '0.01')}
          <Checkbox id={id('declared')} label="Declared" checked={finding.declared} onChange={set('declared')} />
        </>
      ) : null}
      {finding.type === 'firearm' ? number('count', 'Count') : null}
      {finding.type === 'ammunition' ? number('rounds', 'Rounds') : null}
      {finding.type === 'explosive' ? number('kg', 'Kilograms', '0.001') : null}
      {finding.type === 'narcotic' ? (
        <>
          <TextField
            id={id('substance')}
            path={path('substance')}
            label="Substance"
            value={finding.substance}
            onInput={set('substance')}
            errors={errors}
          />
          {number('kg', 'Kilograms', '0.001')}
        </>
      ) : null}
      {finding.type === 'wildlife' ? (
        <>
          <TextField
            id={id('species')}
            path={path('species')}
            label="Species"
            value={finding.species}
            onInput={set('species')}
            errors={errors}
          />
          {number('count', 'Count')}
        </>
      ) : null}
      {finding.type === 'electronic_device' ? (
        <>
          <SelectField
            id={id('searchLevel')}
            path={path('searchLevel')}
            label="Search level"
            value={finding.searchLevel}
            onChange={set('searchLevel')}
            options={optionsOf(['basic', 'advanced'])}
            errors={errors}
          />
          <TextField
            id={id('approvedBy')}
            path={path('approvedBy')}
            label="Approved by"
            hint="The supervisor who approved an advanced search."
            value={finding.approvedBy}
            onInput={set('approvedBy')}
            errors={errors}
          />
        </>
      ) : null}
      <button type="button" class="link" onClick={props.remove} aria-label={`Remove finding ${index + 1}`}>
        Remove
      </button>
    </fieldset>
  );
}

/** Keeps what the officer typed that the new type also has (a count stays a count). */
function keep(finding: FindingValues, type: string): Partial<FindingValues> {
  const { type: _old, ...rest } = finding;
  return { ...rest, type };
}

export function InspectionForm(props: Omit<CaptureFormProps<'inspections'>, 'kind' | 'children' | 'fields'>) {
  return (
    <CaptureForm kind="inspections" fields={FIELDS} {...props}>
      {({ values, errors, set, update }) => (
        <>
          <div class="row">
            <TextField
              id="startedAt"
              path="startedAt"
              label="Started at"
              type="datetime-local"
              value={values.startedAt}
              onInput={(v) => set('startedAt', v)}
              errors={errors}
            />
            <TextField
              id="endedAt"
              path="endedAt"
              label="Ended at"
              type="datetime-local"
              value={values.endedAt}
              onInput={(v) => set('endedAt', v)}
              errors={errors}
            />
          </div>
          <div class="row">
            <SelectField
              id="mode"
              path="mode"
              label="Mode"
              value={values.mode}
              onChange={(v) => set('mode', v)}
              options={optionsOf(MODES)}
              placeholder="Choose…"
              errors={errors}
            />
            <TextField
              id="crossing"
              path="crossing"
              label="Crossing"
              hint="The bridge or crossing, if the port has several."
              value={values.crossing}
              onInput={(v) => set('crossing', v)}
              errors={errors}
            />
          </div>
          <CheckboxGroup
            id="techniques"
            path="techniques"
            label="Techniques"
            values={values.techniques}
            onChange={(v) => set('techniques', v)}
            options={optionsOf(TECHNIQUES)}
            errors={errors}
          />
          <div class="row">
            <TextField
              id="travelers"
              path="travelers"
              label="Travelers"
              type="number"
              min="0"
              step="1"
              value={values.travelers}
              onInput={(v) => set('travelers', v)}
              errors={errors}
            />
            <TextField
              id="staffMinutes"
              path="staffMinutes"
              label="Staff minutes"
              type="number"
              min="0"
              step="1"
              value={values.staffMinutes}
              onInput={(v) => set('staffMinutes', v)}
              errors={errors}
            />
          </div>
          <section class="findings" aria-labelledby="findings-heading">
            <h3 id="findings-heading">Findings</h3>
            {values.findings.length === 0 ? <p class="hint">No findings.</p> : null}
            {values.findings.map((finding, index) => (
              <FindingFields
                key={index}
                index={index}
                finding={finding}
                errors={errors}
                change={(next) =>
                  update((v) => ({ ...v, findings: v.findings.map((f, i) => (i === index ? next : f)) }))
                }
                remove={() => update((v) => ({ ...v, findings: v.findings.filter((_, i) => i !== index) }))}
              />
            ))}
            {errors.findings ? <p class="field-error">Findings {errors.findings}</p> : null}
            <button type="button" onClick={() => update((v) => ({ ...v, findings: [...v.findings, emptyFinding()] }))}>
              Add finding
            </button>
          </section>
          <div class="row">
            <SelectField
              id="disposition"
              path="disposition"
              label="Disposition"
              value={values.disposition}
              onChange={(v) => set('disposition', v)}
              options={optionsOf(DISPOSITIONS)}
              placeholder="Choose…"
              errors={errors}
            />
            <TextField
              id="surgeId"
              path="surgeId"
              label="Surge operation in progress"
              hint="The operation's id, if one is under way."
              value={values.surgeId}
              onInput={(v) => set('surgeId', v)}
              errors={errors}
            />
          </div>
        </>
      )}
    </CaptureForm>
  );
}
