// One rolling-origin validation fold: the logistic fit for each penalty on the fold's earlier rows (strongest
// first, each warm-starting the next), scored on the fold's own cut-off. Plain arrays in and out, so either
// thread of the fit pool can run it.
import { fitLogistic, predictProbabilities, type LogisticFit, type LogisticOptions } from "./logistic";
import { auc, logLoss } from "./metrics";

/** One fold's validation AUC and log-loss for one lambda. */
export interface FoldScore {
  auc: number;
  loss: number;
}

export interface FoldInputs {
  /** Training rows (the stack's, or a case-control sample): the fit reads the first trainRows. */
  trainX: Float64Array;
  trainY: Uint8Array;
  trainRows: number;
  negativeWeight: number;
  /** The stack's matrix and labels; the fold scores rows [from, to). */
  valX: Float64Array;
  valY: Uint8Array;
  from: number;
  to: number;
  p: number;
  /** Penalties in fitting order (strongest first). */
  lambdas: number[];
  classWeight: LogisticOptions["classWeight"];
}

export function scoreFoldRows(f: FoldInputs): FoldScore[] {
  const x = f.valX.subarray(f.from * f.p, f.to * f.p);
  const y = f.valY.subarray(f.from, f.to);
  let previous: LogisticFit | undefined;
  return f.lambdas.map((lambda) => {
    previous = fitLogistic(f.trainX, f.trainRows, f.p, f.trainY, {
      lambda,
      classWeight: f.classWeight,
      negativeWeight: f.negativeWeight,
      initial: previous,
    });
    const probs = predictProbabilities(previous, x, f.to - f.from, f.p);
    return { auc: auc(probs, y) ?? 0.5, loss: logLoss(probs, y) ?? 0 };
  });
}
