/**
 * Checks of the library's maths that learners can run too: {@link org.paramlab.check.GradientCheck}
 * compares backpropagation's gradients with central differences, for the library's layers and
 * losses (in the unit tests) and for a layer written in a notebook.
 */
package org.paramlab.check;
