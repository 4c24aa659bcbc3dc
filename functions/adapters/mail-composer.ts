// The MIME composer for the reports' mail: in the jobs function a file of its own beside the bundle, loaded on the
// first send (JOBS_SEPARATE_MODULES in reports/chart-assets.ts).
export { default as MailComposer } from 'nodemailer/lib/mail-composer/index.js';
