// The hourly traffic count, the shift's staffing log and the equipment status.
import { ASSETS, MODES } from '../../../functions/domain/records/kinds.js';
import { SelectField, TextArea, TextField } from '../../shared/fields.js';
import { CaptureForm, type CaptureFormProps } from './capture-form.js';
import { optionsOf } from './words.js';

type Props<K extends 'traffic' | 'staffing' | 'equipment'> = Omit<CaptureFormProps<K>, 'kind' | 'children' | 'fields'>;

export function TrafficForm(props: Props<'traffic'>) {
  return (
    <CaptureForm kind="traffic" fields={['hourStart', 'crossing', 'mode', 'exits', 'source']} {...props}>
      {({ values, errors, set }) => (
        <>
          <div class="row">
            <TextField
              id="hourStart"
              path="hourStart"
              label="Hour starting"
              type="datetime-local"
              value={values.hourStart}
              onInput={(v) => set('hourStart', v)}
              errors={errors}
            />
            <TextField
              id="traffic-crossing"
              path="crossing"
              label="Crossing"
              value={values.crossing}
              onInput={(v) => set('crossing', v)}
              errors={errors}
            />
          </div>
          <div class="row">
            <SelectField
              id="traffic-mode"
              path="mode"
              label="Mode"
              value={values.mode}
              onChange={(v) => set('mode', v)}
              options={optionsOf(MODES)}
              placeholder="Choose…"
              errors={errors}
            />
            <TextField
              id="exits"
              path="exits"
              label="Exits"
              type="number"
              min="0"
              step="1"
              value={values.exits}
              onInput={(v) => set('exits', v)}
              errors={errors}
            />
            <SelectField
              id="source"
              path="source"
              label="Source"
              value={values.source}
              onChange={(v) => set('source', v)}
              options={optionsOf(['manual', 'lpr', 'sensor'])}
              errors={errors}
            />
          </div>
        </>
      )}
    </CaptureForm>
  );
}

export function StaffingForm(props: Props<'staffing'>) {
  return (
    <CaptureForm
      kind="staffing"
      fields={['date', 'crossing', 'shift', 'outboundHours', 'divertedHours', 'officers']}
      {...props}
    >
      {({ values, errors, set }) => (
        <>
          <div class="row">
            <TextField
              id="date"
              path="date"
              label="Date"
              type="date"
              value={values.date}
              onInput={(v) => set('date', v)}
              errors={errors}
            />
            <TextField
              id="shift"
              path="shift"
              label="Shift"
              hint="e.g. day, night, 06:00–14:00"
              value={values.shift}
              onInput={(v) => set('shift', v)}
              errors={errors}
            />
            <TextField
              id="staffing-crossing"
              path="crossing"
              label="Crossing"
              value={values.crossing}
              onInput={(v) => set('crossing', v)}
              errors={errors}
            />
          </div>
          <div class="row">
            <TextField
              id="outboundHours"
              path="outboundHours"
              label="Outbound hours"
              type="number"
              min="0"
              step="0.25"
              value={values.outboundHours}
              onInput={(v) => set('outboundHours', v)}
              errors={errors}
            />
            <TextField
              id="divertedHours"
              path="divertedHours"
              label="Diverted hours"
              hint="Outbound hours diverted to inbound duty."
              type="number"
              min="0"
              step="0.25"
              value={values.divertedHours}
              onInput={(v) => set('divertedHours', v)}
              errors={errors}
            />
            <TextField
              id="officers"
              path="officers"
              label="Officers"
              type="number"
              min="0"
              step="1"
              value={values.officers}
              onInput={(v) => set('officers', v)}
              errors={errors}
            />
          </div>
        </>
      )}
    </CaptureForm>
  );
}

export function EquipmentForm(props: Props<'equipment'>) {
  return (
    <CaptureForm
      kind="equipment"
      fields={['observedAt', 'crossing', 'asset', 'status', 'minutesDown', 'note']}
      {...props}
    >
      {({ values, errors, set }) => (
        <>
          <div class="row">
            <TextField
              id="observedAt"
              path="observedAt"
              label="Observed at"
              type="datetime-local"
              value={values.observedAt}
              onInput={(v) => set('observedAt', v)}
              errors={errors}
            />
            <TextField
              id="equipment-crossing"
              path="crossing"
              label="Crossing"
              value={values.crossing}
              onInput={(v) => set('crossing', v)}
              errors={errors}
            />
          </div>
          <div class="row">
            <SelectField
              id="asset"
              path="asset"
              label="Asset"
              value={values.asset}
              onChange={(v) => set('asset', v)}
              options={optionsOf(ASSETS)}
              placeholder="Choose…"
              errors={errors}
            />
            <SelectField
              id="status"
              path="status"
              label="Status"
              value={values.status}
              onChange={(v) => set('status', v)}
              options={optionsOf(['ok', 'degraded', 'down'])}
              placeholder="Choose…"
              errors={errors}
            />
            <TextField
              id="minutesDown"
              path="minutesDown"
              label="Minutes down"
              type="number"
              min="0"
              step="1"
              value={values.minutesDown}
              onInput={(v) => set('minutesDown', v)}
              errors={errors}
            />
          </div>
          <TextArea
            id="note"
            path="note"
            label="Note"
            value={values.note}
            onInput={(v) => set('note', v)}
            errors={errors}
          />
        </>
      )}
    </CaptureForm>
  );
}
