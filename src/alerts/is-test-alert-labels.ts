/**
 * A test notification told by its labels: the alert Grafana's "Test" contact-point button sends (`alertname="TestAlert"`,
 * `instance="Grafana"`, also when it passes through an Alertmanager), `amtool alert add alertname=TestAlert …`, or any
 * alert labelled `test="true"`. Test notifications go to triage marked as tests, never to a war room.
 */
export function isTestAlertLabels(labels: Readonly<Record<string, string>>): boolean {
  const name = labels.alertname?.trim() ?? '';
  if (/^test[-_ ]?alert$/i.test(name)) return true;
  return ['true', 'yes', '1'].includes(labels.test?.trim().toLowerCase() ?? '');
}
