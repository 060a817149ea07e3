// The normalized alert is a core concept; source modules import it from here, beside them.
export * from '../core/alert/normalized-alert.js';
