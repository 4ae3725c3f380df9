export { routeApiPath, type ServiceEntry, serviceNamed, services } from './services.ts';
