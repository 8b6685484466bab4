package org.paramlab.init;

import java.util.Random;

import org.ejml.data.FMatrixRMaj;

/**
 * Fills a fresh parameter matrix with its starting numbers.
 *
 * <p>{@code fanIn} is how many inputs feed each unit, {@code fanOut} how many units it feeds;
 * the Xavier and He schemes choose the spread of the random numbers from them so that signals
 * neither vanish nor explode from layer to layer. Every random draw comes from {@code rng},
 * so the same seed always gives the same numbers.
 */
@FunctionalInterface
public interface Initializer {

    void fill(FMatrixRMaj m, int fanIn, int fanOut, Random rng);
}
