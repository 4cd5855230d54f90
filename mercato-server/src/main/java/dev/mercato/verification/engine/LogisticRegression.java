package dev.mercato.verification.engine;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * A small L2-regularised logistic regression on standardised features, trained by full-batch
 * gradient descent with class weights that balance the two classes. Deterministic: same data, same model.
 */
public final class LogisticRegression {

    private final double[] mean;
    private final double[] scale;
    private final double[] weights;
    private final double bias;

    LogisticRegression(double[] mean, double[] scale, double[] weights, double bias) {
        this.mean = mean;
        this.scale = scale;
        this.weights = weights;
        this.bias = bias;
    }

    /** P(label 1 | x). */
    public double probability(double[] x) {
        double z = bias;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * (x[i] - mean[i]) / scale[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    public double[] weights() {
        return weights.clone();
    }

    public static LogisticRegression train(List<double[]> xs, List<Integer> labels, double l2, int iterations) {
        int d = xs.getFirst().length;
        int n = xs.size();
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (double[] x : xs) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[j] / n;
            }
        }
        for (double[] x : xs) {
            for (int j = 0; j < d; j++) {
                scale[j] += (x[j] - mean[j]) * (x[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            scale[j] = Math.sqrt(scale[j]) + 1e-9;
        }
        long positives = labels.stream().filter(l -> l == 1).count();
        double positiveWeight = n / (2.0 * Math.max(positives, 1));
        double negativeWeight = n / (2.0 * Math.max(n - positives, 1));
        double[] w = new double[d];
        double b = 0;
        double rate = 0.5;
        for (int it = 0; it < iterations; it++) {
            double[] gradient = new double[d];
            double gradientBias = 0;
            for (int i = 0; i < n; i++) {
                double[] x = xs.get(i);
                double z = b;
                for (int j = 0; j < d; j++) {
                    z += w[j] * (x[j] - mean[j]) / scale[j];
                }
                double p = 1 / (1 + Math.exp(-z));
                int y = labels.get(i);
                double error = (p - y) * (y == 1 ? positiveWeight : negativeWeight);
                for (int j = 0; j < d; j++) {
                    gradient[j] += error * (x[j] - mean[j]) / scale[j];
                }
                gradientBias += error;
            }
            for (int j = 0; j < d; j++) {
                w[j] -= rate * (gradient[j] / n + l2 * w[j]);
            }
            b -= rate * gradientBias / n;
        }
        return new LogisticRegression(mean, scale, w, b);
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(weights.length);
        for (int j = 0; j < weights.length; j++) {
            out.writeDouble(mean[j]);
            out.writeDouble(scale[j]);
            out.writeDouble(weights[j]);
        }
        out.writeDouble(bias);
    }

    static LogisticRegression read(DataInput in) throws IOException {
        int d = in.readInt();
        double[] mean = new double[d];
        double[] scale = new double[d];
        double[] weights = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = in.readDouble();
            scale[j] = in.readDouble();
            weights[j] = in.readDouble();
        }
        return new LogisticRegression(mean, scale, weights, in.readDouble());
    }
}
