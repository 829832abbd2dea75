export default class OkCard {}
