export * from './scope.js';
export * from './assert.js';
export { orgUnitPolicy } from './org-units.js';
export { programmePolicy, nodePolicy } from './programmes.js';
export { assignmentPolicy } from './assignments.js';
export { reportPolicy } from './reports.js';
export { supervisionPolicy } from './supervision.js';
export { userPolicy } from './users.js';
