package org.paramlab.core;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/** The reference products: EJML's {@code CommonOps_FDRM}. */
final class EjmlProducts extends MatrixProducts {

    static final EjmlProducts INSTANCE = new EjmlProducts();

    private EjmlProducts() {
    }

    @Override
    public String name() {
        return "ejml";
    }

    @Override
    protected void multImpl(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        CommonOps_FDRM.mult(a, b, c);
    }

    @Override
    protected void multAddTransAImpl(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        CommonOps_FDRM.multAddTransA(a, b, c);
    }

    @Override
    protected void multTransBImpl(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        CommonOps_FDRM.multTransB(a, b, c);
    }
}
