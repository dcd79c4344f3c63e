// ry(pi/3)|0> = cos(pi/6)|0> + sin(pi/6)|1>: P(1) = 1/4.
OPENQASM 3.0;
include "stdgates.inc";

qubit[1] q;
bit[1] c;

ry(pi/3) q[0];
c[0] = measure q[0];
