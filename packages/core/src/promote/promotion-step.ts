// One deployment of a promotion: its plan item, the source it copies and the version it moves from
// and to. Below the promoter and its trigger planning, which both read it.
import type { PlanItem } from '../plan/plan.js';
import type { FoundDeployment } from '../find-deployments/prefect-deployment-finder.js';

export interface PromotionStep {
  item: PlanItem;
  source: FoundDeployment;
  fromCommit: string | null;
  fromVersion: string | null;
  toCommit: string | null;
  packageVersion: string | null;
}
