// "Simulate alert": posts real webhooks to this warroom's own ingestion endpoint (the sandbox accepts them without
// a secret because it only listens on loopback), so alerts, triage and storms can be tried without a monitoring stack.

const SCENARIOS = [
  {
    label: 'P1 · Checkout API 5xx (critical)',
    body: {
      title: 'Checkout API 5xx ratio above 5%',
      severity: 'critical',
      service: 'checkout',
      host: 'checkout-1.prod.example.com',
      fingerprint: 'sim-checkout-5xx',
      description: '5.8% of requests failed in the last 5 minutes.',
    },
  },
  {
    label: 'P2 · Search latency (high)',
    body: {
      title: 'Search p99 latency above 2 s',
      severity: 'high',
      service: 'search',
      fingerprint: 'sim-search-latency',
    },
  },
  {
    label: 'Triage · Wiki slow (low)',
    body: {
      title: 'Internal wiki search is slow',
      severity: 'low',
      service: 'internal-wiki',
      fingerprint: 'sim-wiki-slow',
    },
  },
  {
    label: 'Security · Brute force on bastion (high)',
    body: {
      title: 'SSH brute force against bastion-1',
      severity: 'high',
      service: 'corp-it',
      host: 'bastion-1.example.com',
      user: 'root',
      fingerprint: 'sim-ssh-brute',
      attack: ['T1110.001'],
    },
  },
  {
    label: 'Resolve · Checkout API 5xx',
    body: {
      title: 'Checkout API 5xx ratio above 5%',
      severity: 'critical',
      service: 'checkout',
      host: 'checkout-1.prod.example.com',
      fingerprint: 'sim-checkout-5xx',
      status: 'resolved',
    },
  },
];

/** Adds the scenario picker and button to the sidebar; `report` shows errors, `after` refreshes the page. */
export function wireSimulateAlert({ report, after }) {
  const select = document.getElementById('simulate-scenario');
  const button = document.getElementById('simulate-button');
  SCENARIOS.forEach((s, i) => select.append(new Option(s.label, String(i))));
  button.addEventListener('click', async () => {
    const scenario = SCENARIOS[Number(select.value)];
    if (!scenario) return;
    button.disabled = true;
    try {
      const res = await fetch('/webhooks/alerts/generic', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...scenario.body, startsAt: new Date().toISOString() }),
      });
      const data = await res.json().catch(() => null);
      if (!res.ok) report((data && data.error) || `Simulating the alert failed (HTTP ${res.status}).`);
    } catch {
      report('Cannot reach the warroom server. Is it still running?');
    } finally {
      button.disabled = false;
      // Processing is asynchronous: look again shortly.
      setTimeout(after, 400);
    }
  });
}
