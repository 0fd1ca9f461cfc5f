// Global test setup: a real PostGIS for the whole run — DATABASE_URL if given, else a throwaway cluster — and the
// sample data set (schema + sample data) that read-only tests share.
//
// On the throwaway cluster the sample is loaded once into `sip_template`, which no test connects to, and copied
// (CREATE DATABASE … TEMPLATE, a file copy) into one database per test worker (`sip_sample_<pool id>`): files run two
// at a time (vitest.config.ts) and the servers of one file must not claim the download jobs of another. Tests that
// change the register get their own copy of the template the same way (`sampleCopy` in test/support/db.ts) instead of
// migrating and loading the sample again. With DATABASE_URL, that database is the one sample and files run one at a time.
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { createCluster, type Cluster } from '../support/pg-cluster.ts';
import { loadSampleInto } from '../support/sample.ts';
import { TEST_WORKERS } from './workers.ts';

export const TEMPLATE_DB = 'sip_template';

export default async function setup(project: TestProject): Promise<() => void> {
  let cluster: Cluster | undefined;
  const external = process.env.DATABASE_URL;
  if (external) {
    await loadSampleInto(external);
    project.provide('adminUrl', external);
    project.provide('sampleUrls', [external]);
    project.provide('templateDb', '');
    return () => undefined;
  }
  cluster = await createCluster();
  const admin = new pg.Client({ connectionString: cluster.url('postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    await loadSampleInto(cluster.url(TEMPLATE_DB));
    const urls: string[] = [];
    for (let pool = 1; pool <= TEST_WORKERS; pool++) {
      await admin.query(`CREATE DATABASE sip_sample_${pool} TEMPLATE ${TEMPLATE_DB} STRATEGY FILE_COPY`);
      urls.push(cluster.url(`sip_sample_${pool}`));
    }
    project.provide('sampleUrls', urls);
  } finally {
    await admin.end();
  }
  project.provide('adminUrl', cluster.url('postgres'));
  project.provide('templateDb', TEMPLATE_DB);
  return () => cluster?.destroy();
}
