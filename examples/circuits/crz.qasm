// A controlled rotation between two Hadamards, then a ctrl @ modifier.
// q[0] = 1 (probability 1/2) turns h crz h on q[1] into rx(pi/2): q[1] = 1 with probability 1/2.
// q[1] = 1 then rotates q[2] by ry(2*pi/3): q[2] = 1 with probability sin^2(pi/3) = 3/4.
// Outcomes (c[2] c[1] c[0]): 000 1/2, 001 1/4, 011 1/16, 111 3/16.
OPENQASM 3.0;
include "stdgates.inc";

qubit[3] q;
bit[3] c;

h q[0];
h q[1];
crz(pi/2) q[0], q[1];
h q[1];
ctrl @ ry(2*pi/3) q[1], q[2];
c[0] = measure q[0];
c[1] = measure q[1];
c[2] = measure q[2];
