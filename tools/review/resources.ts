/** Which resources a stack change adds, removes, replaces and updates in place. */
import { ResourceImpact } from '@aws-cdk/cloudformation-diff';
import { ReplacedResource, ResourceRef, StackResources, UpdatedResource } from './report';
import { changedResources, constructPath, StackDiff } from './stack-diff';

const REPLACING: ReadonlySet<ResourceImpact> = new Set([
  ResourceImpact.WILL_REPLACE,
  ResourceImpact.MAY_REPLACE,
]);

export function resourceChanges(stackDiff: StackDiff): StackResources {
  const added: ResourceRef[] = [];
  const removed: ResourceRef[] = [];
  const replaced: ReplacedResource[] = [];
  const updated: UpdatedResource[] = [];
  for (const [logicalId, change] of changedResources(stackDiff)) {
    const ref = {
      logicalId,
      type: (change.newValue ?? change.oldValue)!.Type,
      path: constructPath(stackDiff, logicalId),
    };
    if (change.isAddition) {
      added.push(ref);
    } else if (change.isRemoval) {
      removed.push(ref);
    } else if (change.resourceTypeChanged) {
      replaced.push({ ...ref, certainty: 'will', causes: ['Type'] });
    } else if (REPLACING.has(change.changeImpact)) {
      const certainty = change.changeImpact === ResourceImpact.WILL_REPLACE ? 'will' : 'may';
      const causes = Object.entries(change.propertyUpdates)
        .filter(([, property]) => property.changeImpact === change.changeImpact)
        .map(([name]) => name);
      replaced.push({ ...ref, certainty, causes });
    } else {
      updated.push({
        ...ref,
        properties: Object.keys(change.propertyUpdates).sort(),
        attributes: Object.keys(change.otherChanges).sort(),
      });
    }
  }
  return { added, removed, replaced, updated };
}
