export { routeApiPath, routeLocalPath, type ServiceEntry, serviceNamed, services } from './services.ts';
