// The MIME composer for the reports' mail: in Lambda a file of its own beside the jobs' bundle (see SEPARATE_MODULES),
// loaded on the first send.
export { default as MailComposer } from 'nodemailer/lib/mail-composer/index.js';
