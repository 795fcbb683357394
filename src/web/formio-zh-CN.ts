// The table lives in src/domain: the server words its validation reasons with it too.
export { FORMIO_ZH_CN } from '../domain/formio-zh-CN';
