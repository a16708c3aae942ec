// An environment is a named release stage (dev, tst, prod) in a configured promotion order.

export interface Environment {
  /** As written in the config: a valid deployment-name segment. */
  name: string;
  /** Position in the promotion order, 0 first. */
  order: number;
}
