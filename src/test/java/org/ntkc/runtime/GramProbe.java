package org.ntkc.runtime;

/**
 * A main for {@link GramWithoutVectorModuleTest}'s child JVM: prints which Gram {@link Gram#best()} picked and
 * one product computed with it, one {@code key=value} per line.
 */
public final class GramProbe {
    private GramProbe() {
    }

    public static void main(String[] args) {
        double[][] points = GramWithoutVectorModuleTest.POINTS;
        Gram gram = Gram.best();
        double[] out = new double[1];
        gram.tile(gram.pack(points), 0, 1, gram.pack(points), 1, 1, out, 0, 1);
        System.out.println("name=" + gram.name());
        System.out.println("available=" + VectorSupport.available());
        System.out.println("describe=" + VectorSupport.describe());
        System.out.println("tile=" + Double.doubleToRawLongBits(out[0]));
    }
}
