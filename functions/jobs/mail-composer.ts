// The MIME composer for the jobs' mail: in Lambda a file of its own beside the jobs' bundle, loaded on the first send
// (SEPARATE_MODULES in reports/chart-assets.ts).
export { default as MailComposer } from 'nodemailer/lib/mail-composer/index.js';
