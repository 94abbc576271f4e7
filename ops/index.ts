// The ops console (DESIGN §8): see and steer the cluster and every actor.
export { createOpsRole, type OpsRoleOptions } from './role.ts';
export { apiRoutes, type ApiRoute } from './api/routes.ts';
export { OpsError, OpsErrorCodes, type OpsErrorCode } from './errors.ts';
