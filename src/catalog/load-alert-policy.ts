import { AlertPolicy } from '../core/alert/priority-policy.js';
import { loadYamlFile } from './load-yaml-file.js';

export const loadAlertPolicy = (file: string): AlertPolicy => loadYamlFile(file, AlertPolicy);
