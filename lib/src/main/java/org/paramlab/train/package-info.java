/**
 * The training loop: {@link org.paramlab.train.Trainer} runs forward pass, loss, backpropagation and
 * the optimizer's update for every mini-batch, epoch after epoch, and returns a
 * {@link org.paramlab.train.History} (one row per epoch, a Tablesaw table). A
 * {@link org.paramlab.train.TrainingListener} sees every step and epoch while it runs.
 */
package org.paramlab.train;
