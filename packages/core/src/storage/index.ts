export { deletePrefix, getText, objectKeys, putObject } from "./objects.ts";
